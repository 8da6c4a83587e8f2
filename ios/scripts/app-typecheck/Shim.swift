// Compiled with the app's files only when type-checking on Linux: ISHCKit's
// view models are ObservableObjects where Combine exists (Apple platforms,
// ISHCKit/Sources/ISHCKit/Core/ViewModel.swift); here Combine is the stub.
import Combine
import ISHCKit

extension ViewModel: @retroactive ObservableObject {}
